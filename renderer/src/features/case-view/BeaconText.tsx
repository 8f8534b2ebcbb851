/**
 * « Message de la balise »: the free text a beacon or gateway sent with the
 * alarm (« Individu armé côté cour »). Shown above the details, where the eye
 * lands first, and isolated so its characters cannot reorder the page.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import ChatBubbleOutlineIcon from '@mui/icons-material/ChatBubbleOutlineOutlined';
import { useTranslation } from 'react-i18next';
import { Isolated } from '../../components/Isolated';

export function BeaconText({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <Box
      component="figure"
      aria-labelledby="beacon-text-title"
      sx={{ m: 0, p: 1.5, borderLeft: '4px solid #ffa94d', bgcolor: 'rgba(255,169,77,0.10)', borderRadius: 1, display: 'grid', gap: 0.5 }}
    >
      <Typography component="figcaption" id="beacon-text-title" variant="body2" sx={{ color: '#ffd8a8', display: 'flex', alignItems: 'center', gap: 0.75, fontWeight: 500 }}>
        <ChatBubbleOutlineIcon sx={{ fontSize: '1.1rem' }} aria-hidden />
        {t('case.beaconText')}
      </Typography>
      <Typography component="blockquote" sx={{ m: 0, fontSize: '1.15rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        <Isolated>{text}</Isolated>
      </Typography>
    </Box>
  );
}
