// extensionTestsPath of the extension-host suite: VS Code's extension host requires this file and
// calls run(). The same file runs under @vscode/test-electron (npm run test:desktop) and inside
// code-server (npm run test:e2e). Plain JavaScript: the extension host loads it without a build;
// it registers tsx so the suite itself is TypeScript.
const path = require("path");
const { format } = require("util");

exports.run = () => {
  // mocha before tsx: with tsx's require hook in place, require("mocha") is not the constructor.
  const Mocha = require("mocha");
  require("tsx/cjs");
  // code-server forwards console lines to the page unformatted ("%d passing 2").
  Mocha.reporters.Base.consoleLog = (...args) => console.log(format(...args));
  const mocha = new Mocha({ ui: "bdd", timeout: 30_000, color: false });
  mocha.addFile(path.join(__dirname, "extension.test.ts"));
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
};
