/**
 * What product callers share above SQL: the viewer a session stands for, and the JSON shape
 * of a product in API responses.
 */
import type { Product, ProductViewer } from '@/db/queries/products';
import type { AppSession } from '@/lib/auth';

/** Owner-or-admin access for this session. */
export function viewerOf(session: AppSession): ProductViewer {
  return { userId: session.user.id, isAdmin: session.user.role === 'admin' };
}

/** Owner-only access (lists of "my products" ignore the admin role). */
export function ownerOf(session: AppSession): ProductViewer {
  return { userId: session.user.id, isAdmin: false };
}

export function productJson(product: Product) {
  return {
    id: product.id,
    ownerId: product.ownerId,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
