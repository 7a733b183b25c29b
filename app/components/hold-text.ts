import { fieldDisplayName } from "~/pipeline/display-names";
import { warningText } from "./warning-text";

/**
 * Why a report waits for the merchant (app/pipeline/review-holds.ts), in words they act on: what
 * is wrong, then what to do about it.
 */
export interface HoldText {
  title: string;
  todo: string;
}

const HEMP_TODO =
  "Editing the description does not change this. Publish only if this product may be sold where you ship it; check your state's hemp rules.";

const TEXTS: Record<string, HoldText> = {
  "hemp-d9-thc-over-limit": {
    title: "Δ9-THC is above the 0.3% hemp limit",
    todo: HEMP_TODO,
  },
  "hemp-total-thc-over-limit": {
    title: "Total THC, counting THCa, is above the 0.3% hemp limit",
    todo: HEMP_TODO,
  },
  "hemp-thc-per-container-over-limit": {
    title: "THC per container is above the 0.4 mg limit for hemp-derived edibles and drinks",
    todo: HEMP_TODO,
  },
  "hemp-thc-per-container-unverified": {
    title: "THC per container cannot be checked against the 0.4 mg hemp limit",
    todo: "The COA gives no amount per container. Confirm from the package size that a container holds no more than 0.4 mg total THC.",
  },
  "report-missing-lab-name": {
    title: "The lab's name was not found on the COA",
    todo: "Check that this is the lab's COA; the description names the lab, so add it in the editor if it is missing.",
  },
  "report-missing-batch": {
    title: "No batch or sample ID was found on the COA",
    todo: "Shoppers match the COA to their package by batch. Add the batch in the editor, or upload the COA for this batch.",
  },
  "report-missing-test-date": {
    title: "No test date was found on the COA",
    todo: "Add the test date in the editor, or upload the complete COA.",
  },
  "report-missing-potency": {
    title: "No potency figures were found on the COA",
    todo: "Check that the PDF is the full COA with the cannabinoid table; if not, upload a different PDF.",
  },
  "report-missing-safety-panels": {
    title: "No safety panels were found on the COA",
    todo: "The description will not claim safety testing. If the lab did test, upload the full COA.",
  },
  "safety-panel-failed": {
    title: "A safety panel failed",
    todo: "This batch should not be sold. Check the COA with your lab before publishing anything.",
  },
};

const CHECK_FIGURES = "Compare it with the COA, then correct the description if needed.";

export function holdText(code: string, detail: string | null): HoldText {
  const known = TEXTS[code];
  if (known) return known;
  if (code === "review-item") {
    return {
      title: `Check ${detail ?? "a value"} against the COA page`,
      todo: "It is left out of the description and the product page until you confirm or correct it under “Values to check”.",
    };
  }
  if (code === "uncertain-field") {
    return {
      title: `Unsure of ${detail ? fieldDisplayName(detail) : "a value"}`,
      todo: CHECK_FIGURES,
    };
  }
  if (code.startsWith("hemp-") && code.endsWith("-present")) {
    return {
      title: `${detail?.split(" is present")[0] ?? "A restricted cannabinoid"} is present`,
      todo: `Many states restrict or ban it in hemp products. ${HEMP_TODO}`,
    };
  }
  if (code.startsWith("report-")) {
    return { title: warningText(code.slice("report-".length)), todo: CHECK_FIGURES };
  }
  return { title: warningText(code), todo: CHECK_FIGURES };
}
