import {
  BlockStack,
  Card,
  Layout,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
} from "@shopify/polaris";

/** What a page looks like while its data loads: the shape, not a blank screen. */
export function PageSkeleton({ pathname }: { pathname: string }) {
  const isReport = /^\/app\/lab-reports\/(?!new$)[^/]+$/.test(pathname);
  return (
    <div aria-busy="true" aria-label="Loading">
      <SkeletonPage primaryAction backAction={pathname !== "/app"}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {(isReport ? [3, 6, 10] : [4, 8]).map((lines) => (
                <Card key={lines}>
                  <BlockStack gap="300">
                    <SkeletonDisplayText size="small" />
                    <SkeletonBodyText lines={lines} />
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          </Layout.Section>
        </Layout>
      </SkeletonPage>
    </div>
  );
}
