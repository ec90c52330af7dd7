-- The cube tiers are kept by the ingest writer now (db/cubes/cube-tier-deltas.ts), in the same
-- transaction as the hourly rollups; the triggers of 0004, 0007, 0008 and 0013 would count twice.
DROP TRIGGER IF EXISTS display_client_from_display_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_client_from_display_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_client_from_display_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_hourly_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_hourly_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_language_hourly_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_hourly_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_hourly_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_page_hourly_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_hourly_from_prompt_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_hourly_from_prompt_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_prompt_hourly_from_prompt_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_segment_from_display_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_segment_from_display_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS display_segment_from_display_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_session_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_session_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS error_from_error_session_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_from_friction_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_from_friction_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_from_friction_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_page_from_friction_page_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_page_from_friction_page_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS friction_page_from_friction_page_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS frustration_click_from_click_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS frustration_click_from_click_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS frustration_click_from_click_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_client_from_goal_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_client_from_goal_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_client_from_goal_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_from_goal_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_from_goal_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_from_goal_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_segment_from_goal_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_segment_from_goal_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS goal_segment_from_goal_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_client_from_page_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_client_from_page_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_client_from_page_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_from_page_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_from_page_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_from_page_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_segment_from_page_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_segment_from_page_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS page_segment_from_page_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_client_from_score_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_client_from_score_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_client_from_score_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_hourly_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_hourly_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_language_hourly_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_hourly_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_hourly_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_page_hourly_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_hourly_from_score_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_hourly_from_score_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_prompt_hourly_from_score_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_segment_from_score_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_segment_from_score_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS score_segment_from_score_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_from_session_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_from_session_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_from_session_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_hourly_from_session_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_hourly_from_session_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_device_hourly_from_session_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_from_session_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_from_session_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS session_from_session_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_client_from_session_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_client_from_session_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_client_from_session_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_device_from_session_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_device_from_session_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_device_from_session_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_from_session_segment_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_from_session_segment_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS traffic_from_session_segment_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_device_from_vital_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_device_from_vital_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_device_from_vital_rollups_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_from_vital_rollups_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_from_vital_rollups_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS vital_page_from_vital_rollups_update;
