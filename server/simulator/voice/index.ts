/** The simulator's voice: beacons that call and answer, outside lines behind a trunk (README.md, "Voice"). */
export { startBeaconVoice, type BeaconVoice, type BeaconVoiceOptions } from './beacon-voice';
export { startOutsideLines, normaliseNumber, promptOf, BUSY_NUMBER, NO_ANSWER_NUMBER, type OutsideLines, type OutsideLinesOptions } from './outside-lines';
export { modeForMre, type AudioMode, type SimCall, type SimCallEnd } from './sim-call';
export { loadClip, speechDir, SPEECH_CLIPS, type SpeechClip } from './speech';
