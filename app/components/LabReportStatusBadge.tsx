import { Badge } from "@shopify/polaris";
import {
  statusLabel,
  statusProgress,
  statusTone,
  type LabReportStatusName,
} from "./lab-report-status";

export function LabReportStatusBadge({ status }: { status: LabReportStatusName }) {
  return (
    <Badge tone={statusTone(status)} progress={statusProgress(status)}>
      {statusLabel(status)}
    </Badge>
  );
}
