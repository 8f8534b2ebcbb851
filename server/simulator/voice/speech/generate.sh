#!/bin/sh
# Regenerates the simulator's French speech from texts.json (run once, results committed:
# tests and CI need neither espeak-ng nor sox). 8 kHz, mono, 16-bit PCM WAV.
set -eu
cd "$(dirname "$0")"
node -e 'const t=require("./texts.json");for(const[k,v]of Object.entries(t))console.log(k+"\t"+v)' |
while IFS="$(printf '\t')" read -r name text; do
  espeak-ng -v fr -s 150 -w "/tmp/veille-speech-$name.wav" "$text"
  sox "/tmp/veille-speech-$name.wav" -r 8000 -c 1 -b 16 -e signed-integer "$name.wav" norm -3
  rm -f "/tmp/veille-speech-$name.wav"
done
