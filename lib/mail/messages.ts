/** The app's messages: plain text, one link each, no tracking, nothing secret but the link itself. */
import type { MailMessage } from './transport';

export function passwordResetMessage(to: string, link: string, minutes: number): MailMessage {
  return {
    to,
    subject: 'Reset your edge-sessions password',
    link,
    text: [
      'Someone (hopefully you) asked to reset the password of your edge-sessions account.',
      '',
      `Set a new password: ${link}`,
      '',
      `The link works once and expires in ${minutes} minutes. Setting a new password signs out every device.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

export function emailVerificationMessage(to: string, link: string, hours: number): MailMessage {
  return {
    to,
    subject: 'Confirm your email address for edge-sessions',
    link,
    text: [
      'Confirm that this address belongs to your edge-sessions account:',
      '',
      link,
      '',
      `The link works once and expires in ${hours} hours. If you did not create an account, ignore this message.`,
    ].join('\n'),
  };
}

/** `npm run create-admin -- --mail`: the first admin sets a password through the reset page. */
export function adminInvitationMessage(to: string, link: string, hours: number): MailMessage {
  return {
    to,
    subject: 'Set the password of your edge-sessions admin account',
    link,
    text: [
      'An administrator account of edge-sessions was set up for this address by the server\'s operator.',
      '',
      `Set its password: ${link}`,
      '',
      `The link works once and expires in ${hours} hours. If you did not expect this, tell the operator.`,
    ].join('\n'),
  };
}
