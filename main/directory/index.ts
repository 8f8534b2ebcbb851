export { DirectoryCache, type DirectoryCacheOptions, type DirectoryChanged, type DirectoryLink } from './directory-cache';
