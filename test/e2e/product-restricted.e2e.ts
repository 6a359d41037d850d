import { useEditor } from "./harness";
import { panelMatchesEngine, PRODUCT_SETTINGS, productVsix, SAMPLES } from "./product";

describe("cors-lint in VS Code: Restricted Mode (untrusted workspace)", () => {
  const editor = useEditor(() => ({
    workspace: SAMPLES,
    vsix: [productVsix()],
    settings: PRODUCT_SETTINGS,
    trust: "untrusted",
  }));

  it("still reports every finding of the workspace", async () => {
    const { workbench, folder } = editor();
    await workbench.waitForRestrictedMode();
    await panelMatchesEngine(workbench, folder);
  });
});
