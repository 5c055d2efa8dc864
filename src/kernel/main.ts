// The kernel process: started by the service (fork, or Electron's utilityProcess), runs cells.
import { connectToParent } from "./channel";
import { Kernel } from "./kernel";

const port = connectToParent();
const kernel = new Kernel((m) => port.send(m));
port.onMessage((m) => kernel.handle(m));
port.send({ type: "ready", pid: process.pid });
