import qrcodeTerminal from 'qrcode-terminal';

/**
 * Print the WeChat login QR code on the terminal (stdout, not the JSON log, so it stays
 * scannable). The same code is shown on the console's admin page.
 */
export function printWechatQr(qr: string, output: NodeJS.WritableStream = process.stdout): void {
  qrcodeTerminal.generate(qr, { small: true }, (art) => {
    output.write(`\nWeChat: scan this code with the WeChat app of the support account (Me → Scan):\n${art}\n`);
  });
}
