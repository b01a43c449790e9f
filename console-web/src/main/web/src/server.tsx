import "./polyfills";
import { renderToString } from "react-dom/server";
import { App } from "./App";
import type { PageProps } from "./types";

/** Called by the JVM with the page's props as JSON; answers the markup of the page's root. */
(globalThis as unknown as { renderPage: (json: string) => string }).renderPage = (json: string) => {
  const props = JSON.parse(json) as PageProps;
  return renderToString(<App props={props} />);
};
