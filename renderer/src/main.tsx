/** Boot: build the platform (transport, prefs, audio), the store and i18n, then render. */
// Latin subsets only: French needs nothing else, and the tiny other subsets would be
// inlined by Vite as data: URLs, which the CSP (font-src 'self') rightly refuses.
import '@fontsource/roboto/latin-400.css';
import '@fontsource/roboto/latin-500.css';
import '@fontsource/roboto/latin-700.css';
import '@fontsource/roboto/latin-ext-400.css';
import '@fontsource/roboto/latin-ext-500.css';
import '@fontsource/roboto/latin-ext-700.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createI18n, isLanguage } from './i18n';
import { createPlatform, setDocumentLanguage } from './platform';
import { bindStore } from './store/bind';
import { createConsoleStore } from './store/store';

const platform = createPlatform();
const store = createConsoleStore();
bindStore(platform.api, platform.link, store);

const saved = platform.prefs.get('lang');
const i18n = createI18n(isLanguage(saved) ? saved : 'fr');
setDocumentLanguage(i18n.language);
i18n.on('languageChanged', setDocumentLanguage);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(<App services={{ api: platform.api, store, prefs: platform.prefs, audio: platform.audio, call: platform.call }} i18n={i18n} />);
