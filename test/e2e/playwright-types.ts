/**
 * The slice of playwright-core's API the harness uses. playwright-core is provisioned into
 * .e2e-cache/ and loaded at run time, so the type-check must not need it; once it is a
 * devDependency of the project, this file becomes `export type { Browser, Locator, Page } from
 * 'playwright-core'`.
 */

type WaitState = "attached" | "detached" | "visible" | "hidden";

/** A lazy element query (playwright's Locator). */
export interface Locator {
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  hover(options?: {
    timeout?: number;
    position?: { x: number; y: number };
    force?: boolean;
  }): Promise<void>;
  waitFor(options?: { state?: WaitState; timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  evaluateAll<R, E = unknown>(fn: (elements: E[]) => R): Promise<R>;
  count(): Promise<number>;
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp; has?: Locator }): Locator;
  isVisible(): Promise<boolean>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  press(key: string, options?: { timeout?: number }): Promise<void>;
  focus(options?: { timeout?: number }): Promise<void>;
}

/** A browser tab (playwright's Page). */
export interface Page {
  goto(
    url: string,
    options?: { timeout?: number; waitUntil?: "load" | "domcontentloaded" },
  ): Promise<unknown>;
  locator(selector: string): Locator;
  mouse: { wheel(deltaX: number, deltaY: number): Promise<void> };
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
    insertText(text: string): Promise<void>;
  };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  waitForFunction<A>(
    fn: (arg: A) => unknown,
    arg: A,
    options?: { timeout?: number; polling?: "raf" | number },
  ): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: "console", listener: (msg: { type(): string; text(): string }) => void): void;
  on(event: "pageerror", listener: (error: Error) => void): void;
  close(): Promise<void>;
}

/** A browser context: one isolated profile. */
export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A launched browser (playwright's Browser). */
export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `require('playwright-core')`, as far as the harness needs it. */
export interface PlaywrightCore {
  chromium: {
    launch(options: {
      executablePath: string;
      headless?: boolean;
      args?: string[];
      env?: NodeJS.ProcessEnv;
      timeout?: number;
    }): Promise<Browser>;
  };
}
