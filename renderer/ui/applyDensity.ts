/** The list density as an attribute on the root element, so CSS and the virtual lists' row heights agree. */
import { preferences, type Preferences } from '../state/preferences';

export const ROW_HEIGHTS: Record<Preferences['density'], number> = { comfortable: 56, compact: 40 };

export function followDensity(): void {
  const apply = () => (document.documentElement.dataset.density = preferences().get().density);
  apply();
  preferences().subscribe(apply);
}
