import qrcodeTerminal from 'qrcode-terminal';

/**
 * Print a WhatsApp pairing QR code on the terminal (stdout, not the JSON log, so it stays
 * scannable). The same code is shown on the console's admin page.
 */
export function printQrToTerminal(qr: string, output: NodeJS.WritableStream = process.stdout): void {
  qrcodeTerminal.generate(qr, { small: true }, (art) => {
    output.write(`\nWhatsApp: scan this code with the phone (WhatsApp → Linked devices → Link a device):\n${art}\n`);
  });
}
