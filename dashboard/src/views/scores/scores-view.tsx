import { LoadingState } from '../../ui/states.js';

export function View() {
  return <LoadingState />;
}
