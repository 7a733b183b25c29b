import { useState } from "react";
import { TextField } from "@shopify/polaris";

/** A new password and its repeat, posted as `newPassword` and `confirmPassword` (operator forms). */
export function NewPasswordFields() {
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  return (
    <>
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        helpText="At least 12 characters."
        value={next}
        onChange={setNext}
      />
      <TextField
        label="New password again"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={setConfirm}
      />
    </>
  );
}
