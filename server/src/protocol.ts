/**
 * Custom requests and notifications between the cors-lint language server and its clients (`corsLint/...`).
 * Plain JSON shapes; positions are LSP positions (UTF-16), like everything on the wire.
 */
import {
  NotificationType,
  RequestType,
  RequestType0,
  type Range,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol";
import type { Severity } from "./core/model";

/** A diagnostic severity in words, as the tree views group by it. */
export type ProblemSeverity = Severity;

/** Severities, most severe first (the engine's one order; plain data, safe for the client to import). */
export { SEVERITIES as PROBLEM_SEVERITIES } from "./core/severity";

/**
 * One finding anywhere in the workspace. Hints are not problems (VS Code's Problems panel does not list
 * them): the list, the status totals and every count the client shows leave them out.
 */
export interface WorkspaceProblem {
  uri: string;
  range: Range;
  rule: string;
  /** The rule in words ("Wildcard origin"), for short rows. */
  title: string;
  /** The flagged source text, on one line and shortened (`"*"`, `origin: true`). */
  subject: string;
  severity: ProblemSeverity;
  message: string;
  docsUrl: string;
  /** production, development or test. */
  context: string;
}

/** One option of a CORS configuration, as written. */
export interface PolicyOption {
  name: string;
  /** The value's source text, shortened. */
  value: string;
  range: Range;
}

/** One CORS configuration anywhere in the workspace, described in words. */
export interface WorkspacePolicy {
  uri: string;
  range: Range;
  /** The short span the configuration is named by (callee, setting name). */
  anchor: Range;
  framework: string;
  /** "any origin", "2 origins", "origins matching a pattern", ... */
  whoMayRead: string;
  credentials: boolean;
  context: string;
  contextReason: string;
  options: PolicyOption[];
  /** Number of problems whose range lies inside the configuration. */
  problems: number;
  /** The other files of the project the policy's values are read from (URIs); empty when it is one file. */
  files: string[];
}

/** The server's progress and totals, pushed whenever they change. */
export interface ServerStatus {
  state: "scanning" | "idle" | "disabled";
  /** Errors, warnings and information: the same findings `corsLint/workspaceProblems` lists. */
  problems: number;
  files: number;
  policies: number;
}

/** A rule's name, one-line description and documentation address. */
export interface RuleInfo {
  name: string;
  description: string;
  docsUrl: string;
}

/** Where "Restrict Origins..." applies: a document position on (or inside) a CORS configuration. */
export interface RestrictOriginsParams {
  uri: string;
  position: { line: number; character: number };
  /** The origins to allow instead of the wildcard or reflection. */
  origins: string[];
}

/** The edit "Restrict Origins..." makes, or why it cannot make one. */
export interface RestrictOriginsResult {
  edit: WorkspaceEdit | null;
  /** Why there is no edit ("the wildcard is the default of the environment variable ORIGINS ..."). */
  reason?: string;
}

/**
 * What "Restrict Origins..." would act on at a position, and the origins to offer: the configured
 * production origins and valid origins of the same project (never tunnels), none of which fail validation.
 */
export interface OriginSuggestions {
  /** Pre-filled in the input box: production origins and deployed origins of the same project. */
  productionOrigins: string[];
  /** Other valid origins the same project uses (development ones included), shown as hints. */
  usedOrigins: string[];
  /** "django-cors-headers, line 2": the configuration the command will edit. */
  target?: string;
  /** Set when nothing at the position can be restricted, with the reason. */
  reason?: string;
  /** 1 when the configuration can hold a single origin only (a header value, @koa/cors). */
  maxOrigins?: number;
}

/** Every finding in the workspace (open documents and, in workspace scope, files on disk). */
export const WorkspaceProblemsRequest = new RequestType0<WorkspaceProblem[], void>(
  "corsLint/workspaceProblems",
);

/** Every CORS configuration in the workspace. */
export const WorkspacePoliciesRequest = new RequestType0<WorkspacePolicy[], void>(
  "corsLint/workspacePolicies",
);

/** Forgets cached results and scans every workspace folder again; resolves when the scan is done. */
export const RescanRequest = new RequestType0<ServerStatus, void>("corsLint/rescan");

/** The configuration "Restrict Origins..." acts on at a position, and the origins to offer. */
export const OriginSuggestionsRequest = new RequestType<
  { uri: string; position?: { line: number; character: number } },
  OriginSuggestions,
  void
>("corsLint/originSuggestions");

/** The edit that replaces the wildcard and reflecting origins of the configuration at a position. */
export const RestrictOriginsRequest = new RequestType<
  RestrictOriginsParams,
  RestrictOriginsResult,
  void
>("corsLint/restrictOrigins");

/** The edit applying every bulk-applicable fix in one document, or in every file with problems. */
export const FixAllRequest = new RequestType<{ uri?: string }, WorkspaceEdit, void>(
  "corsLint/fixAll",
);

/** The rules the server knows, sorted by name. */
export const RulesRequest = new RequestType0<RuleInfo[], void>("corsLint/rules");

/** Sent by the server when problems, policies or its state changed (the tree views refresh). */
export const StatusNotification = new NotificationType<ServerStatus>("corsLint/status");
