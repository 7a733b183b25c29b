/** The writer's tone and length as every page names them (settings, rewrite). */
export const TONE_OPTIONS = [
  { label: "Friendly", value: "friendly" },
  { label: "Clinical", value: "clinical" },
  { label: "Premium", value: "premium" },
];

export const LENGTH_OPTIONS = [
  { label: "Short", value: "short" },
  { label: "Standard", value: "standard" },
  { label: "Long", value: "long" },
];
