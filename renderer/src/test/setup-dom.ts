// Matchers that assert what a user sees (toBeVisible, toHaveTextContent) for every renderer test.
import '@testing-library/jest-dom/vitest';
