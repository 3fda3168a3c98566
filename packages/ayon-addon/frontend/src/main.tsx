// Entry of the settings page. The AYON component library's stylesheet carries the AYON theme (dark
// palette, Nunito Sans, Material Symbols): without it nothing fails but nothing looks like AYON.
import "@ynput/ayon-react-components/dist/style.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { App } from "./components/App.js";
import { listenForAyonContext } from "./useAyonContext.js";

listenForAyonContext();
const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
