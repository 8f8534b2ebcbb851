/** Top-bar entry to the directory screen, for admins only: a full-screen dialog, closed with Escape. */
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import CloseIcon from '@mui/icons-material/Close';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';
import { DirectoryScreen } from './DirectoryScreen';

export function DirectoryButton() {
  const { t } = useTranslation();
  const admin = useConsole((s) => s.operator?.role === 'admin');
  const [open, setOpen] = useState(false);
  if (!admin) return null;
  return (
    <>
      <Button startIcon={<MenuBookIcon />} onClick={() => setOpen(true)} sx={{ flexShrink: 0 }}>
        {t('directory.open')}
      </Button>
      <Dialog fullScreen open={open} onClose={() => setOpen(false)} aria-labelledby="directory-title">
        <DialogTitle id="directory-title" component="h2" sx={{ display: 'flex', alignItems: 'center' }}>
          <Box sx={{ flex: 1 }}>{t('directory.title')}</Box>
          <IconButton aria-label={t('common.close')} onClick={() => setOpen(false)}>
            <CloseIcon />
          </IconButton>
        </DialogTitle>
        <DialogContent sx={{ display: 'grid', minHeight: 0 }}>{open && <DirectoryScreen />}</DialogContent>
      </Dialog>
    </>
  );
}
