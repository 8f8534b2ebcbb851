/**
 * The beacon gave up waiting for the centre (SCAIP abort): nobody holds the line on its
 * side any more and it has moved on to its alternative action. The case stays open; this
 * mark says so where the eye lands, with the time and the beacon's words.
 */
import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import type { BeaconAbort } from '@shared/domain/case';
import { Isolated } from '../../components/Isolated';
import { formatDateTime } from './format';

export function AbortMark({ abort }: { abort: BeaconAbort }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert severity="warning" role="status" data-testid="beacon-abort">
      {t('case.beaconAborted', { at: formatDateTime(abort.at, i18n.language) })}
      {abort.text && (
        <>
          {' — '}
          <Isolated>{abort.text}</Isolated>
        </>
      )}
    </Alert>
  );
}
