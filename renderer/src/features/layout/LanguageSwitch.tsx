/**
 * FR / EN switch; the choice is kept in the platform's preferences. Each button's
 * accessible name starts with its visible code (« FR — Français »), so a voice-control
 * user who says what they see, « FR », reaches it (WCAG 2.5.3, axe label-content-name-mismatch).
 */
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../api/context';
import { isLanguage } from '../../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { prefs } = useServices();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={i18n.language}
      aria-label={t('lang.label')}
      onChange={(_e, lang: unknown) => {
        if (!isLanguage(lang)) return;
        prefs.set('lang', lang);
        void i18n.changeLanguage(lang);
      }}
    >
      <ToggleButton value="fr" aria-label={`FR — ${t('lang.fr')}`} lang="fr">
        FR
      </ToggleButton>
      <ToggleButton value="en" aria-label={`EN — ${t('lang.en')}`} lang="en">
        EN
      </ToggleButton>
    </ToggleButtonGroup>
  );
}
