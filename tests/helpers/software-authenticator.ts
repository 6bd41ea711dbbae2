/**
 * A software WebAuthn authenticator for tests: a real ES256 key pair (node:crypto), real
 * authenticator data bytes (RP ID hash, flags, signature counter, attested credential data),
 * a "none" attestation and DER signatures over `authenticatorData || SHA-256(clientDataJSON)`,
 * exactly what a platform authenticator returns through the browser. The CBOR this test side
 * needs (the COSE public key, the attestation object) is written with @simplewebauthn's own
 * `isoCBOR`. Everything a test wants to forge (origin, RP ID, counter, user handle, credential
 * id, flags) can be set per ceremony.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  type?: string;
  /** The counter to report (default: the authenticator's next value). */
  counter?: number;
  userVerified?: boolean;
  /** base64url user handle; null to send none. Default: the one registered. */
  userHandle?: string | null;
  /** Answer as this credential id (another user's, an unknown one) while signing with this key. */
  credentialId?: string;
}

export interface RegistrationOptionsLike {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

function counterBytes(counter: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(counter >>> 0);
  return b;
}

export class SoftwareAuthenticator {
  readonly credentialId: Uint8Array = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Uint8Array;
  /** The signature counter it will report next (a counter-less authenticator stays at 0). */
  counter: number;
  userHandle: string | null = null;

  constructor(
    readonly origin: string,
    readonly rpId: string,
    options: { startCounter?: number } = {},
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    this.cosePublicKey = isoCBOR.encode(cose);
    this.counter = options.startCounter ?? 0;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private flags(o: CeremonyOverrides, extra = 0): number {
    return FLAG_UP | (o.userVerified === false ? 0 : FLAG_UV) | extra;
  }

  /** `navigator.credentials.create()` as @simplewebauthn/browser's `startRegistration()` returns it. */
  register(options: RegistrationOptionsLike, o: CeremonyOverrides = {}) {
    this.userHandle = options.user.id;
    const rpId = o.rpId ?? options.rp.id ?? this.rpId;
    const idBytes = o.credentialId ? isoBase64URL.toBuffer(o.credentialId) : this.credentialId;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(idBytes.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(o, FLAG_AT)]),
      counterBytes(o.counter ?? this.counter),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      Buffer.from(idBytes),
      Buffer.from(this.cosePublicKey),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', authData],
      ]),
    );
    const id = b64url(idBytes);
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(this.clientData(o.type ?? 'webauthn.create', options.challenge, o.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** `navigator.credentials.get()` as `startAuthentication()` returns it; the counter moves on. */
  assert(challenge: string, o: CeremonyOverrides = {}) {
    if (o.counter === undefined && this.counter > 0) this.counter += 1;
    const counter = o.counter ?? this.counter;
    const authData = Buffer.concat([sha256(o.rpId ?? this.rpId), Buffer.from([this.flags(o)]), counterBytes(counter)]);
    const clientDataJSON = this.clientData(o.type ?? 'webauthn.get', challenge, o.origin ?? this.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    const id = o.credentialId ?? this.id;
    const userHandle = o.userHandle === undefined ? this.userHandle : o.userHandle;
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle ? { userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }
}
