// Alerts the moment a ticket opens, in every open console: a line in the header, a short sound,
// and a browser notification once the agent has allowed them (urgent tickets say so).
import { t } from './console-strings.js';

const $ = (id) => document.getElementById(id);
const supported = () => typeof window.Notification === 'function';

function refreshButton() {
  $('enable-alerts').hidden = !supported() || window.Notification.permission !== 'default';
}

/** Ask for permission (a click is needed for that in most browsers). */
export async function askPermission() {
  if (supported() && window.Notification.permission === 'default') await window.Notification.requestPermission().catch(() => undefined);
  refreshButton();
}

export function setupAlerts() {
  refreshButton();
  $('enable-alerts').addEventListener('click', () => void askPermission());
}

let audio;
function beep(urgent) {
  try {
    audio ??= new AudioContext();
    const tone = (start, frequency) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, audio.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + start);
      oscillator.stop(audio.currentTime + start + 0.3);
    };
    tone(0, 880);
    tone(0.3, urgent ? 1320 : 660);
    if (urgent) tone(0.6, 1320);
  } catch {
    // No sound available (no audio device, or not allowed yet): the header line and notification remain.
  }
}

/** A ticket has just opened: tell the agent, whatever they are looking at. */
export function alertNewTicket(ticket, onOpen) {
  const urgent = ticket.priority === 'urgent';
  const title = t(urgent ? 'alerts.newUrgent' : 'alerts.newTicket', { id: ticket.id });
  const banner = $('alert');
  banner.textContent = title;
  banner.dataset.priority = ticket.priority;
  banner.dataset.ticketId = ticket.id;
  banner.hidden = false;
  beep(urgent);
  if (!supported() || window.Notification.permission !== 'granted') return;
  const body = t('alerts.body', { channel: ticket.channel, language: t(`languages.${ticket.language}`), topic: ticket.topic ?? '—' });
  const notification = new window.Notification(title, { body, tag: ticket.id, requireInteraction: urgent });
  notification.addEventListener('click', () => {
    window.focus();
    onOpen(ticket.id);
    notification.close();
  });
}
