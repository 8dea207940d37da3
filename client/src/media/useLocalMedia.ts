import { useCallback, useEffect, useRef, useState } from 'react';

export type LocalMediaError = 'insecure' | 'denied' | 'unavailable' | null;

export interface LocalMedia {
	stream: MediaStream | null;
	cameras: MediaDeviceInfo[];
	microphones: MediaDeviceInfo[];
	cameraId: string | null;
	microphoneId: string | null;
	error: LocalMediaError;
	selectCamera(deviceId: string): void;
	selectMicrophone(deviceId: string): void;
	/** Phones: flip between the front and back camera. */
	flipCamera(): void;
}

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** The host's camera and microphone: preview stream, device lists and selection. */
export function useLocalMedia(): LocalMedia {
	const [stream, setStream] = useState<MediaStream | null>(null);
	const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
	const [cameraId, setCameraId] = useState<string | null>(null);
	const [microphoneId, setMicrophoneId] = useState<string | null>(null);
	const [facing, setFacing] = useState<'user' | 'environment'>('user');
	// Cameras need a secure context (https, or localhost): known before any request.
	const [error, setError] = useState<LocalMediaError>(() =>
		window.isSecureContext && 'mediaDevices' in navigator ? null : 'insecure',
	);
	const streamRef = useRef<MediaStream | null>(null);

	useEffect(() => {
		if (!window.isSecureContext || !('mediaDevices' in navigator)) return;
		let cancelled = false;
		const video: MediaTrackConstraints = cameraId ? { ...VIDEO, deviceId: { exact: cameraId } } : { ...VIDEO, facingMode: facing };
		const audio: MediaTrackConstraints = microphoneId ? { ...AUDIO, deviceId: { exact: microphoneId } } : AUDIO;
		navigator.mediaDevices
			.getUserMedia({ video, audio })
			.then(async (next) => {
				if (cancelled) {
					next.getTracks().forEach((t) => t.stop());
					return;
				}
				streamRef.current?.getTracks().forEach((t) => t.stop());
				streamRef.current = next;
				setStream(next);
				setError(null);
				setDevices(await navigator.mediaDevices.enumerateDevices());
			})
			.catch((err: unknown) => {
				if (cancelled) return;
				const name = err instanceof DOMException ? err.name : '';
				setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
			});
		return () => {
			cancelled = true;
		};
	}, [cameraId, microphoneId, facing]);

	useEffect(
		() => () => {
			streamRef.current?.getTracks().forEach((t) => t.stop());
		},
		[],
	);

	const flipCamera = useCallback(() => {
		setCameraId(null);
		setFacing((f) => (f === 'user' ? 'environment' : 'user'));
	}, []);

	const currentCamera = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? cameraId;
	const currentMic = stream?.getAudioTracks()[0]?.getSettings().deviceId ?? microphoneId;
	return {
		stream,
		cameras: devices.filter((d) => d.kind === 'videoinput'),
		microphones: devices.filter((d) => d.kind === 'audioinput'),
		cameraId: currentCamera ?? null,
		microphoneId: currentMic ?? null,
		error,
		selectCamera: setCameraId,
		selectMicrophone: setMicrophoneId,
		flipCamera,
	};
}
