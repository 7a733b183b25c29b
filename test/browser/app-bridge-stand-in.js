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
    loading: function () {},
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

  ["ui-nav-menu", "ui-title-bar", "ui-save-bar", "ui-modal"].forEach(function (name) {
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
