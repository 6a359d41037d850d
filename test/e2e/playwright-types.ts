/** The playwright-core types the harness uses (playwright-core is a devDependency). */
export type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/** `require('playwright-core')`. */
export type PlaywrightCore = typeof import("playwright-core");
