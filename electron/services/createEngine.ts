import { validateAccountInput } from '../../shared/domain/accountValidation';
import type { Engine, EngineOptions } from './engine';
import { EngineCore } from './engineCore';
import { TernService } from './ternService';

export function createEngine(options: EngineOptions): Engine {
  const core = new EngineCore(options);
  core.startAll().catch((error: unknown) => options.log.error('accounts could not be started', { reason: (error as Error).message }));
  return {
    connect(emit) {
      const service = new TernService(core, emit);
      const unsubscribe = core.subscribe(emit);
      return {
        api: service,
        close() {
          unsubscribe();
          service.close();
        },
      };
    },
    addAccount: (input) => core.saveAccount(validateAccountInput(input)),
    wake: () => core.wake(),
    shutdown: () => core.shutdown(),
  };
}
