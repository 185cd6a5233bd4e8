// Start the NHS.UK frontend components (an ES module; no inline script, so the CSP stays strict).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
