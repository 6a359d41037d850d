import { isRuleLevel, type RuleLevel } from "../core/config";
import { parseOriginList } from "../core/origin-suggestions";
import { RULES } from "../core/rules";

/** The output formats. */
export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** The parsed command line. */
export interface CliOptions {
  paths: string[];
  format: Format;
  output?: string;
  fix: boolean;
  unsafeFixes: boolean;
  maxWarnings?: number;
  exitZero: boolean;
  config?: string;
  quiet: boolean;
  /** undefined: decide from the terminal and the environment. */
  color?: boolean;
  rules: Record<string, RuleLevel>;
  /** Threads that lint files (`--jobs`); undefined: one per core for large runs. */
  jobs?: number;
  /** `--restrict-origins`: replace wildcard and reflecting origins with these before linting. */
  restrictOrigins?: string[];
  help: boolean;
  version: boolean;
}

/** A command line that cannot be run; the message is shown as is. */
export class UsageError extends Error {}

const VALUE_FLAGS: Record<string, string> = {
  "-f": "--format",
  "--format": "--format",
  "-o": "--output",
  "--output": "--output",
  "-c": "--config",
  "--config": "--config",
  "--max-warnings": "--max-warnings",
  "--rule": "--rule",
  "-j": "--jobs",
  "--jobs": "--jobs",
  "--restrict-origins": "--restrict-origins",
};

const BOOL_FLAGS: Record<string, string> = {
  "--fix": "--fix",
  "--unsafe-fixes": "--unsafe-fixes",
  "--exit-zero": "--exit-zero",
  "-q": "--quiet",
  "--quiet": "--quiet",
  "--color": "--color",
  "--no-color": "--no-color",
  "-h": "--help",
  "--help": "--help",
  "-v": "--version",
  "--version": "--version",
};

/** Parses argv (without `node` and the script). Throws UsageError. `--` ends the options. */
export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    paths: [],
    format: "text",
    fix: false,
    unsafeFixes: false,
    exitZero: false,
    quiet: false,
    rules: {},
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      o.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS[name]) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option '${name}' needs a value`);
      setValue(o, VALUE_FLAGS[name], value);
    } else if (BOOL_FLAGS[name] && eq < 0) {
      setFlag(o, BOOL_FLAGS[name]);
    } else {
      throw new UsageError(`unknown option '${arg}'${suggest(name)}`);
    }
  }
  if (o.paths.length === 0) o.paths.push(".");
  return o;
}

function setValue(o: CliOptions, flag: string, value: string): void {
  switch (flag) {
    case "--format":
      if (!(FORMATS as readonly string[]).includes(value)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${value}'`);
      }
      o.format = value as Format;
      break;
    case "--output":
      o.output = value;
      break;
    case "--config":
      o.config = value;
      break;
    case "--max-warnings":
      if (!/^\d+$/.test(value))
        throw new UsageError(`--max-warnings needs a whole number >= 0, not '${value}'`);
      o.maxWarnings = Number(value);
      break;
    case "--jobs":
      if (!/^[1-9]\d*$/.test(value))
        throw new UsageError(`--jobs needs a whole number >= 1, not '${value}'`);
      o.jobs = Number(value);
      break;
    case "--restrict-origins": {
      const r = parseOriginList(value);
      if ("error" in r) throw new UsageError(`--restrict-origins: ${r.error}`);
      o.restrictOrigins = r.origins;
      break;
    }
    case "--rule": {
      const m = /^([^=]+)=(.*)$/.exec(value);
      if (!m) throw new UsageError(`--rule needs name=level, not '${value}'`);
      const [, rule, level] = m;
      if (!RULES.some((r) => r.meta.name === rule)) {
        throw new UsageError(
          `--rule: unknown rule '${rule}' (known: ${RULES.map((r) => r.meta.name).join(", ")})`,
        );
      }
      if (!isRuleLevel(level)) {
        throw new UsageError(
          `--rule ${rule}: level must be error, warning, info, hint or off, not '${level}'`,
        );
      }
      o.rules[rule] = level;
      break;
    }
  }
}

function setFlag(o: CliOptions, flag: string): void {
  switch (flag) {
    case "--fix":
      o.fix = true;
      break;
    case "--unsafe-fixes":
      o.unsafeFixes = true;
      break;
    case "--exit-zero":
      o.exitZero = true;
      break;
    case "--quiet":
      o.quiet = true;
      break;
    case "--color":
      o.color = true;
      break;
    case "--no-color":
      o.color = false;
      break;
    case "--help":
      o.help = true;
      break;
    case "--version":
      o.version = true;
      break;
  }
}

function suggest(name: string): string {
  const all = [...Object.keys(VALUE_FLAGS), ...Object.keys(BOOL_FLAGS)].filter((f) =>
    f.startsWith("--"),
  );
  const close = all.find(
    (f) => f.startsWith(name) || (name.length > 4 && f.includes(name.replace(/^-+/, ""))),
  );
  return close ? ` (did you mean '${close}'?)` : "";
}

/** The --help text. */
export const HELP = `Usage: cors-lint [options] [paths...]

Finds CORS misconfigurations in Python and TypeScript/JavaScript web apps.
Paths are files or folders (default: the current folder). Folders are searched for
.py .pyi .ts .tsx .mts .cts .js .jsx .mjs .cjs files (not .d.ts), honouring .gitignore.

Options:
  -f, --format <name>     text (default), json, sarif or github
  -o, --output <file>     write the report to a file instead of stdout
      --fix               apply safe fixes and write the files
      --unsafe-fixes      with --fix, apply unsafe fixes too (they change runtime behaviour)
      --restrict-origins <list>
                          replace every wildcard or reflected origin with these origins
                          (comma-separated scheme://host[:port]) and write the files;
                          configurations it cannot edit are named on stderr with the reason
      --max-warnings <n>  fail when there are more than n warnings
      --exit-zero         exit 0 even when problems are found (usage and config errors still exit 2)
  -c, --config <file>     use this configuration for every file instead of the nearest .cors-lint.json
  -q, --quiet             report errors only
      --rule <name=level> set a rule's level: error, warning, info, hint or off (repeatable)
      --color, --no-color force or disable colours (default: on for terminals, off with NO_COLOR)
  -j, --jobs <n>          lint with n threads (default: one per core from 1000 files on; 1: no threads)
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 no failing problems, 1 errors (or more warnings than --max-warnings), 2 usage,
configuration or internal error.

Examples:
  cors-lint                                  check the current folder
  cors-lint src app/main.py                  check a folder and a file
  cors-lint --fix                            apply safe fixes
  cors-lint --restrict-origins https://app.example.com,https://admin.example.com
                                             allow only these origins where any was allowed
  cors-lint --format sarif -o cors.sarif     SARIF 2.1.0 for GitHub code scanning
  cors-lint --format github                  annotations in GitHub Actions
  cors-lint --rule wildcard-origin=error     treat a rule as an error
  cors-lint --max-warnings 0                 fail on any warning
  cors-lint --quiet --format json            errors only, as JSON
`;
