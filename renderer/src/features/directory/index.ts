export { DirectoryButton } from './DirectoryButton';
export { DirectoryScreen } from './DirectoryScreen';
