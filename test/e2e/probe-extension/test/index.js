// extensionTestsPath: the extension host calls run(); it runs a mocha suite and settles with its
// result.
const path = require("path");
const { format } = require("util");
const Mocha = require("mocha");

// The extension host forwards console lines to the page unformatted ("%d passing 2"): format them
// here.
Mocha.reporters.Base.consoleLog = (...args) => console.log(format(...args));

exports.run = () =>
  new Promise((resolve, reject) => {
    const mocha = new Mocha({ ui: "bdd", timeout: 20000, color: false });
    mocha.addFile(path.join(__dirname, "probe.test.js"));
    mocha.run((failures) =>
      failures ? reject(new Error(`${failures} test(s) failed`)) : resolve(),
    );
  });
