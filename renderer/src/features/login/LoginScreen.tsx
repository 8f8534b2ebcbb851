/**
 * Operator login. The submit click is also the user gesture that unlocks
 * audio in a browser, so the AudioContext is resumed here.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { DemoBanner } from '../layout/DemoBanner';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { LinkBanner } from '../layout/LinkBanner';

export function LoginScreen() {
  const { t } = useTranslation();
  const { api, store, audio } = useServices();
  const demo = useConsole((s) => s.hub?.demo ?? false);
  const lostOnRestart = useConsole((s) => s.sessionLostOnRestart);
  const ended = useConsole((s) => s.sessionEnded);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    void audio?.resume();
    setBusy(true);
    setError(null);
    try {
      const state = await api.invoke('session.login', { username: username.trim(), password });
      store.getState().setSession(state);
    } catch (err) {
      setError(errorMessage(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <LinkBanner />
      {demo && <DemoBanner />}
      <Box component="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', p: 2 }}>
        <Paper component="form" onSubmit={submit} noValidate sx={{ p: 4, width: '100%', maxWidth: 420, display: 'grid', gap: 2.5 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <Typography variant="h1">{t('app.title')}</Typography>
            <LanguageSwitch />
          </Box>
          <Typography variant="h2" component="h2">{t('login.title')}</Typography>
          {ended && !error && (
            <Alert severity="warning" role="alert">
              {t(`login.ended.${ended.reason}`)}
            </Alert>
          )}
          {lostOnRestart && !ended && !error && (
            <Alert severity="warning" role="alert">
              {t('login.restarted')}
            </Alert>
          )}
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <TextField
            id="login-username"
            label={t('login.username')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoFocus
          />
          <TextField
            id="login-password"
            label={t('login.password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
          <Button type="submit" variant="contained" size="large" disabled={busy || !username.trim() || !password}>
            {busy ? t('login.submitting') : t('login.submit')}
          </Button>
        </Paper>
      </Box>
    </Box>
  );
}
