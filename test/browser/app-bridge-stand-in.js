// A stand-in for Shopify's App Bridge script (https://cdn.shopify.com/shopifycloud/app-bridge.js),
// which cannot be fetched here. It offers what the app uses, as the real one does inside the admin:
// `window.shopify` with idToken, toast, resourcePicker, loading, modal and saveBar; a fetch that
// adds the session token to same-origin requests; and the admin's custom elements, hidden.
// The browser test sets `window.__headyTest = { sessionToken, pickedProducts }` before load.
(function () {
  var test = window.__headyTest || {};
  var params = new URLSearchParams(window.location.search);
  var token = test.sessionToken || params.get("id_token") || "";
  var script = document.currentScript;
  var toasts = [];

  window.shopify = {
    config: {
      apiKey: (script && script.getAttribute("data-api-key")) || "",
      shop: params.get("shop") || "",
      host: params.get("host") || "",
    },
    environment: { embedded: true, mobile: false, pos: false },
    idToken: function () {
      return Promise.resolve(token);
    },
    toast: {
      show: function (message, options) {
        toasts.push({ message: message, isError: Boolean(options && options.isError) });
        return "toast-" + toasts.length;
      },
      hide: function () {},
    },
    resourcePicker: function (options) {
      window.__headyTest.pickerOptions = options;
      return Promise.resolve(test.pickedProducts || []);
    },
    loading: function (isLoading) {
      window.__headyTest.loading = Boolean(isLoading);
    },
    modal: { show: function () {}, hide: function () {}, toggle: function () {} },
    saveBar: { show: function () {}, hide: function () {}, toggle: function () {} },
  };
  window.__headyTest = Object.assign(test, { toasts: toasts });

  // Real App Bridge authenticates the app's own requests with a fresh session token.
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(
      typeof input === "string" || input instanceof URL ? input : input.url,
      window.location.href,
    );
    if (url.origin !== window.location.origin) return originalFetch(input, init);
    var headers = new Headers(
      (init && init.headers) || (input instanceof Request ? input.headers : undefined),
    );
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
    return originalFetch(input, Object.assign({}, init, { headers: headers }));
  };

  // The admin shows the save bar above the app with the buttons the app put inside it; here it is a
  // bar at the top of the page, so a test clicks the same buttons a merchant would.
  if (!customElements.get("ui-save-bar")) {
    customElements.define(
      "ui-save-bar",
      class extends HTMLElement {
        connectedCallback() {
          this.setAttribute("role", "region");
          this.setAttribute("aria-label", "Unsaved changes");
          if (!this.showing) this.style.display = "none";
        }
        show() {
          this.showing = true;
          this.style.cssText =
            "display:flex;gap:8px;position:fixed;top:0;left:0;right:0;z-index:1000;padding:8px;background:#1a1a1a;";
          this.dispatchEvent(new Event("show"));
          return Promise.resolve();
        }
        hide() {
          this.showing = false;
          this.style.display = "none";
          this.dispatchEvent(new Event("hide"));
          return Promise.resolve();
        }
        toggle() {
          return this.showing ? this.hide() : this.show();
        }
      },
    );
  }

  ["ui-nav-menu", "ui-title-bar", "ui-modal"].forEach(function (name) {
    if (customElements.get(name)) return;
    customElements.define(
      name,
      class extends HTMLElement {
        connectedCallback() {
          this.style.display = "none";
        }
      },
    );
  });
})();
