/** Root component: providers (i18n, theme, services) and the login ⇄ console switch. */
import { StrictMode } from 'react';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import Typography from '@mui/material/Typography';
import { ThemeProvider } from '@mui/material/styles';
import type { i18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { ServicesProvider, useConsole, type Services } from './api/context';
import { LoginScreen } from './features/login/LoginScreen';
import { ConsoleLayout } from './features/layout/ConsoleLayout';
import { LinkBanner } from './features/layout/LinkBanner';
import { RestartedScreen } from './features/layout/RestartedScreen';
import { useHubWatch } from './features/hub-watch/useHubWatch';
import { createConsoleTheme } from './theme/theme';

const theme = createConsoleTheme();

export function App({ services, i18n }: { services: Services; i18n: i18n }) {
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          <ServicesProvider services={services}>
            <Root />
          </ServicesProvider>
        </ThemeProvider>
      </I18nextProvider>
    </StrictMode>
  );
}

function Root() {
  const { t } = useTranslation();
  const operator = useConsole((s) => s.operator);
  const known = useConsole((s) => s.hub !== null);
  const refused = useConsole((s) => s.linkProblem === 'token-refused');
  // Runs whatever the screen: a console cut off from its alarms must ring, even on the refusal screen.
  useHubWatch();
  if (refused) return <RestartedScreen />;
  if (!known)
    // Until the host has answered once we know neither the session nor the hub: say so.
    return (
      <Box>
        <LinkBanner />
        <Typography variant="h1" sx={{ p: 4 }}>
          {t('app.title')}
        </Typography>
      </Box>
    );
  return operator ? <ConsoleLayout /> : <LoginScreen />;
}
