import { validateAccountInput } from '../../shared/domain/accountValidation';
import { serve, type Connection, type EmitEvent } from '../../shared/ipc/serve';
import type { Transport } from '../../shared/ipc/transport';
import { gateDeltas } from '../transport/deltaGate';
import type { EngineOptions, InProcessEngine } from './engine';
import { EngineCore } from './engineCore';
import { TernService } from './ternService';

export function createEngine(options: EngineOptions): InProcessEngine {
  const core = new EngineCore(options);
  core.startAll().catch((error: unknown) => options.log.error('accounts could not be started', { reason: (error as Error).message }));
  const connect = (emit: EmitEvent): Connection => {
    const service = new TernService(core, emit);
    const unsubscribe = core.subscribe(emit);
    return {
      api: service,
      close() {
        unsubscribe();
        service.close();
      },
    };
  };
  const serveAs = (transport: Transport) =>
    serve(transport, connect, (error) =>
      options.log.error('An engine call failed unexpectedly', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  return {
    connect,
    serve: (transport) => serveAs(gateDeltas(transport)),
    serveThroughHost: serveAs,
    addAccount: (input) => core.saveAccount(validateAccountInput(input)),
    wake: () => core.wake(),
    shutdown: () => core.shutdown(),
  };
}
