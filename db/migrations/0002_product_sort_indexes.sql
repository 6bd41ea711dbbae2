CREATE INDEX "products_owner_lower_name_id_idx" ON "products" USING btree ("owner_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "products_owner_price_id_idx" ON "products" USING btree ("owner_id","price_cents","id");--> statement-breakpoint
CREATE INDEX "products_lower_name_id_idx" ON "products" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "products_price_id_idx" ON "products" USING btree ("price_cents","id");