/** The callbackUrl table shared by the handler-level and build-level redirect cases (16–17). */
export const FOREIGN_TARGETS: string[] = [
  'https://evil.example/steal',
  'http://evil.example',
  'HTTPS://EVIL.EXAMPLE',
  '//evil.example',
  '//evil.example/%2F..',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  ' //evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'http:/evil.example',
  'http:evil.example',
  'https://localhost:3000@evil.example/',
  'http://localhost:3000.evil.example/',
  'http://localhost%2eevil.example/',
  'https://evil.example#http://localhost:3000/',
  'https://еvil.example/', // Cyrillic е
  'evil.example',
  '',
  'x'.repeat(3000),
];

/** [target, where it lands]. */
export const LOCAL_TARGETS: [string, string][] = [
  ['/dashboard', '/dashboard'],
  ['/products?page=2', '/products?page=2'],
  ['/profile#security', '/profile#security'],
  ['/admin/users?q=a%40b', '/admin/users?q=a%40b'],
];
