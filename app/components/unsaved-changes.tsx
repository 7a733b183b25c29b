import { useEffect } from "react";
import { useBlocker } from "@remix-run/react";
import { Modal, Text } from "@shopify/polaris";

/**
 * Keeps an unsaved edit from being lost on the way out: leaving for another page of the app asks
 * first, and closing or reloading the tab triggers the browser's own question.
 */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return (
    <Modal
      open={blocker.state === "blocked"}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      primaryAction={{
        content: "Leave and discard",
        destructive: true,
        onAction: () => blocker.proceed?.(),
      }}
      secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
    >
      <Modal.Section>
        <Text as="p">Your changes on this page are not saved yet.</Text>
      </Modal.Section>
    </Modal>
  );
}
