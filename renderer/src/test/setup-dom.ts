// Matchers that assert what a user sees (toBeVisible, toHaveTextContent) for every renderer test.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/dom';

// findBy*/waitFor wait up to 5 s (default 1 s): MUI's dialog exit transitions took over 1 s
// on a loaded 2-core machine, and a slow machine is not a failure of what a user sees.
configure({ asyncUtilTimeout: 5000 });
