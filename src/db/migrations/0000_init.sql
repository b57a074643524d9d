CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`plan` text DEFAULT 'free' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `client_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`default_strategy` text,
	`allowed_models` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_keys_key_hash_unique` ON `client_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `client_keys_user_id_idx` ON `client_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `provider_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`ciphertext` text NOT NULL,
	`nonce` text NOT NULL,
	`last4` text NOT NULL,
	`key_version` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_keys_user_provider_unique` ON `provider_keys` (`user_id`,`provider`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`key_id` text NOT NULL,
	`user_id` text,
	`requested_model` text NOT NULL,
	`chosen_model` text,
	`provider` text,
	`task_type` text,
	`complexity` text,
	`phase` text,
	`strategy` text,
	`confidence` real,
	`reason` text,
	`fallbacks_tried` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`baseline_cost_usd` real DEFAULT 0 NOT NULL,
	`savings_usd` real DEFAULT 0 NOT NULL,
	`latency_ms` integer,
	`status` integer NOT NULL,
	`error_kind` text,
	`stream` integer DEFAULT false NOT NULL,
	`prompt` text
);
--> statement-breakpoint
CREATE INDEX `requests_created_at_idx` ON `requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `requests_user_created_idx` ON `requests` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `auth_epoch` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
