import { Banner, List } from "@shopify/polaris";

/** Why the compliance check refused the merchant's edit: each refused phrase or missing fact. */
export function RefusedEdit({ refusals }: { refusals: string[] }) {
  return (
    <Banner tone="critical" title="Your edit was not saved">
      <p>Change these and save again. Nothing was published.</p>
      <List type="bullet">
        {refusals.map((refusal) => (
          <List.Item key={refusal}>{refusal}</List.Item>
        ))}
      </List>
    </Banner>
  );
}
