-- Bump auth_epoch on every change that can invalidate a cached authentication (see schema/auth-epoch.ts).
-- last_used_at and name are left out on purpose: they change often and do not affect who may call.
INSERT INTO `auth_epoch` (`id`, `value`) VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `client_keys_auth_update` AFTER UPDATE OF `revoked_at`, `key_hash`, `user_id`, `default_strategy`, `allowed_models` ON `client_keys`
BEGIN UPDATE `auth_epoch` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `client_keys_auth_delete` AFTER DELETE ON `client_keys`
BEGIN UPDATE `auth_epoch` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_auth_update` AFTER UPDATE OF `plan`, `id` ON `users`
BEGIN UPDATE `auth_epoch` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_auth_delete` AFTER DELETE ON `users`
BEGIN UPDATE `auth_epoch` SET `value` = `value` + 1 WHERE `id` = 1; END;
