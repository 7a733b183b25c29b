import { useEffect, useRef, useState } from "react";
import {
  Badge,
  BlockStack,
  Card,
  DropZone,
  InlineStack,
  Link,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import {
  addFiles,
  answerFromFailure,
  applyAnswer,
  markUploading,
  MAX_BULK_FILES,
  nextWaiting,
  pausedUntil,
  progressOf,
  type BulkFile,
  type BulkFileAnswer,
} from "./bulk-upload-state";

const STATE_BADGE: Record<
  BulkFile["state"],
  { tone?: "info" | "success" | "critical" | "attention"; label: string }
> = {
  waiting: { label: "Waiting" },
  uploading: { tone: "info", label: "Uploading" },
  queued: { tone: "success", label: "Queued" },
  refused: { tone: "critical", label: "Refused" },
};

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

async function sendOne(url: string, file: File): Promise<BulkFileAnswer> {
  const data = new FormData();
  data.set("file", file);
  try {
    const response = await fetch(url, { method: "POST", body: data });
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("application/json")) return answerFromFailure(response.status);
    return (await response.json()) as BulkFileAnswer;
  } catch {
    return answerFromFailure(null);
  }
}

/**
 * Drop many COAs: each file is its own request, sent one after another, so each is checked and
 * counted against the plan on its own and a refused one says why. `onQueued` receives each new
 * report's id for the matching table.
 */
export function BulkUploadQueue({
  uploadUrl,
  maxBytes,
  maxPages,
  tooLarge,
  disabled,
  onQueued,
}: {
  uploadUrl: string;
  maxBytes: number;
  maxPages: number;
  tooLarge: string;
  disabled: boolean;
  onQueued(reportId: string): void;
}) {
  const [queue, setQueue] = useState<BulkFile[]>([]);
  const files = useRef(new Map<string, File>());
  const counter = useRef(0);
  const onQueuedRef = useRef(onQueued);
  onQueuedRef.current = onQueued;

  const next = nextWaiting(queue);
  useEffect(() => {
    if (!next) return;
    const file = files.current.get(next.key);
    setQueue((q) => markUploading(q, next.key));
    if (!file) return;
    void sendOne(uploadUrl, file).then((answer) => {
      // A file asked to wait is sent again: keep it.
      if (answer.ok || answer.reason !== "slow-down") files.current.delete(next.key);
      setQueue((q) => applyAnswer(q, next.key, answer));
      if (answer.ok) onQueuedRef.current(answer.reportId);
    });
  }, [next, uploadUrl]);

  // While the server has asked the queue to wait, wake it when the wait is over.
  const [, setWoken] = useState(0);
  const until = pausedUntil(queue);
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => setWoken((n) => n + 1), Math.max(0, until - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [until]);

  function dropped(_all: File[], accepted: File[], rejected: File[]) {
    const keyed = accepted.map((file) => {
      const key = `file-${++counter.current}`;
      files.current.set(key, file);
      return { key, name: file.name, size: file.size };
    });
    const notPdf = rejected.map<BulkFile>((file) => ({
      key: `file-${++counter.current}`,
      name: file.name,
      size: file.size,
      state: "refused",
      message: "Not a PDF: only COA PDFs are uploaded.",
      reportId: null,
    }));
    setQueue((q) => [...addFiles(q, keyed, maxBytes, tooLarge), ...notPdf]);
  }

  const { done, total, percent } = progressOf(queue);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          1. Drop the COAs
        </Text>
        <DropZone
          accept="application/pdf"
          type="file"
          allowMultiple
          onDrop={dropped}
          disabled={disabled}
          label="Certificates of Analysis"
          labelHidden
        >
          <DropZone.FileUpload
            actionTitle="Add COA PDFs"
            actionHint={`Up to ${MAX_BULK_FILES} PDFs at once, each up to ${formatBytes(maxBytes)} and ${maxPages} pages`}
          />
        </DropZone>
        {total > 0 ? (
          <BlockStack gap="200">
            <InlineStack align="space-between">
              <Text as="p" variant="bodySm" tone="subdued">
                {`${done} of ${total} ${total === 1 ? "file" : "files"} sent`}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {`${queue.filter((f) => f.state === "queued").length} queued`}
              </Text>
            </InlineStack>
            <ProgressBar
              progress={percent}
              size="small"
              tone={done === total ? "success" : "primary"}
              ariaLabelledBy="bulk-progress-label"
            />
            <span id="bulk-progress-label" hidden>
              Upload progress
            </span>
            <BlockStack gap="150" as="ul">
              {queue.map((file) => (
                <FileLine key={file.key} file={file} />
              ))}
            </BlockStack>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function FileLine({ file }: { file: BulkFile }) {
  const badge = STATE_BADGE[file.state];
  return (
    <li style={{ listStyle: "none" }}>
      <BlockStack gap="050">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Badge tone={badge.tone}>{badge.label}</Badge>
          <Text as="span" variant="bodyMd" truncate>
            {file.name}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {formatBytes(file.size)}
          </Text>
        </InlineStack>
        {file.message ? (
          <Text as="p" variant="bodySm" tone={file.state === "refused" ? "critical" : "subdued"}>
            {file.message}{" "}
            {file.reportId ? <Link url={`/app/lab-reports/${file.reportId}`}>Open it</Link> : null}
          </Text>
        ) : null}
      </BlockStack>
    </li>
  );
}
