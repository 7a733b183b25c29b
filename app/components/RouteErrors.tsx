import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

type Back = { content: string; url: string };

/** A page that is not there, in the admin's own look, with the way back. */
export function NotFoundPage({ message, back }: { message: string; back: Back }) {
  return (
    <Page title="Page not found" backAction={back}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                We could not find that
              </Text>
              <Text as="p">{message}</Text>
              <InlineStack gap="200">
                <Button variant="primary" url={back.url}>
                  {`Go to ${back.content}`}
                </Button>
                <Button url="/app">Home</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/**
 * A route's error boundary: a missing record is a 404 page with a way back; Shopify's own auth
 * responses keep their handling (boundary.error); anything else says so and offers to try again.
 */
export function RouteErrorBoundary({ notFound, back }: { notFound: string; back: Back }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage message={notFound} back={back} />;
  }
  if (isRouteErrorResponse(error) && error.status !== 500) return boundary.error(error);
  return (
    <Page title="Something went wrong" backAction={back}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                This page could not be loaded
              </Text>
              <Text as="p">
                Nothing you saved was lost. Try again in a moment; if it keeps happening, contact
                support.
              </Text>
              <InlineStack gap="200">
                <Button variant="primary" onClick={() => window.location.reload()}>
                  Try again
                </Button>
                <Button url={back.url}>{`Go to ${back.content}`}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
