// The metric names each source of the stack exposes, typed by kind. The verifier (verify.ts) checks
// every dashboard and alert-rule query against this catalog, and the Alloy node pipeline keeps
// only the node-exporter and Kepler series some query uses (deriveNodeAllowlist), which is why
// those two sources are listed on their own.
//
// Histograms and summaries are listed once, by family name; `seriesNames` expands them into the
// series Prometheus stores (`_bucket`/`_sum`/`_count`, and the family name itself for summaries).

export type MetricKind = "counter" | "gauge" | "histogram" | "summary" | "info";

export interface MetricDef {
  /** Family name (for histograms and summaries without the _bucket/_sum/_count suffix). */
  name: string;
  kind: MetricKind;
}

export type MetricSource =
  | "node-exporter"
  | "kepler"
  | "kube-state-metrics"
  | "kubelet"
  | "cadvisor"
  | "apiserver"
  | "prometheus"
  | "prometheus-operator"
  | "scrape"
  | "alertmanager"
  | "loki"
  | "alloy"
  | "minio"
  | "flux-controllers"
  | "go-runtime";

const c = (name: string): MetricDef => ({ name, kind: "counter" });
const g = (name: string): MetricDef => ({ name, kind: "gauge" });
const h = (name: string): MetricDef => ({ name, kind: "histogram" });
const s = (name: string): MetricDef => ({ name, kind: "summary" });
const i = (name: string): MetricDef => ({ name, kind: "info" });

/** node-exporter (cluster nodes through Alloy, external machines through Prometheus). */
export const NODE_EXPORTER_METRICS: readonly MetricDef[] = [
  i("node_uname_info"), i("node_os_info"), i("node_exporter_build_info"), g("node_boot_time_seconds"), g("node_time_seconds"),
  c("node_cpu_seconds_total"), c("node_cpu_guest_seconds_total"), g("node_cpu_scaling_frequency_hertz"), g("node_cpu_frequency_max_hertz"),
  g("node_load1"), g("node_load5"), g("node_load15"),
  c("node_context_switches_total"), c("node_intr_total"), c("node_forks_total"), g("node_procs_running"), g("node_procs_blocked"),
  c("node_pressure_cpu_waiting_seconds_total"), c("node_pressure_memory_waiting_seconds_total"), c("node_pressure_memory_stalled_seconds_total"),
  c("node_pressure_io_waiting_seconds_total"), c("node_pressure_io_stalled_seconds_total"),
  g("node_memory_MemTotal_bytes"), g("node_memory_MemAvailable_bytes"), g("node_memory_MemFree_bytes"), g("node_memory_Buffers_bytes"),
  g("node_memory_Cached_bytes"), g("node_memory_Active_bytes"), g("node_memory_Inactive_bytes"), g("node_memory_Slab_bytes"),
  g("node_memory_SReclaimable_bytes"), g("node_memory_Shmem_bytes"), g("node_memory_Dirty_bytes"), g("node_memory_Writeback_bytes"),
  g("node_memory_SwapTotal_bytes"), g("node_memory_SwapFree_bytes"), g("node_memory_SwapCached_bytes"),
  g("node_memory_HugePages_Total"), g("node_memory_HugePages_Free"), g("node_memory_Hugepagesize_bytes"), g("node_memory_Committed_AS_bytes"),
  g("node_memory_CommitLimit_bytes"),
  c("node_vmstat_pgfault"), c("node_vmstat_pgmajfault"), c("node_vmstat_pswpin"), c("node_vmstat_pswpout"), c("node_vmstat_oom_kill"),
  c("node_disk_read_bytes_total"), c("node_disk_written_bytes_total"), c("node_disk_reads_completed_total"), c("node_disk_writes_completed_total"),
  c("node_disk_read_time_seconds_total"), c("node_disk_write_time_seconds_total"), c("node_disk_io_time_seconds_total"),
  c("node_disk_io_time_weighted_seconds_total"), g("node_disk_io_now"), i("node_disk_info"),
  g("node_filesystem_avail_bytes"), g("node_filesystem_free_bytes"), g("node_filesystem_size_bytes"), g("node_filesystem_files"),
  g("node_filesystem_files_free"), g("node_filesystem_readonly"), g("node_filesystem_device_error"),
  c("node_network_receive_bytes_total"), c("node_network_transmit_bytes_total"), c("node_network_receive_packets_total"),
  c("node_network_transmit_packets_total"), c("node_network_receive_errs_total"), c("node_network_transmit_errs_total"),
  c("node_network_receive_drop_total"), c("node_network_transmit_drop_total"), g("node_network_up"), i("node_network_info"),
  g("node_network_carrier"), g("node_network_speed_bytes"), g("node_network_mtu_bytes"),
  g("node_netstat_Tcp_CurrEstab"), g("node_netstat_Tcp_RetransSegs"), g("node_netstat_Tcp_OutSegs"), g("node_netstat_Tcp_InErrs"),
  g("node_netstat_Udp_InErrors"), g("node_netstat_TcpExt_TCPSynRetrans"), g("node_sockstat_TCP_inuse"), g("node_sockstat_TCP_tw"), g("node_sockstat_sockets_used"),
  g("node_nf_conntrack_entries"), g("node_nf_conntrack_entries_limit"),
  g("node_filefd_allocated"), g("node_filefd_maximum"), g("node_entropy_available_bits"),
  g("node_timex_offset_seconds"), g("node_timex_sync_status"), g("node_timex_maxerror_seconds"), g("node_timex_estimated_error_seconds"),
  g("node_hwmon_temp_celsius"), g("node_hwmon_temp_crit_celsius"), g("node_hwmon_temp_max_celsius"), g("node_thermal_zone_temp"),
  c("node_rapl_package_joules_total"), c("node_rapl_core_joules_total"), c("node_rapl_dram_joules_total"),
  g("node_md_disks"), g("node_md_state"), g("node_md_disks_required"), g("node_bonding_active"), g("node_bonding_slaves"),
  g("node_systemd_unit_state"), g("node_systemd_system_running"), c("node_systemd_service_restart_total"),
  g("node_textfile_scrape_error"), g("node_textfile_mtime_seconds"),
  g("node_scrape_collector_success"), g("node_scrape_collector_duration_seconds"),
  g("node_power_supply_online"), g("node_power_supply_capacity"),
];

/**
 * Kepler >= 0.10 (the rewrite; these are the names 0.11 exposes). Energy and power are per RAPL `zone`
 * (package, core, uncore, dram, ...): core and uncore are parts of package, so zones must never be summed
 * together; queries pin one zone.
 */
export const KEPLER_METRICS: readonly MetricDef[] = [
  c("kepler_node_cpu_joules_total"), g("kepler_node_cpu_watts"),
  c("kepler_node_cpu_active_joules_total"), g("kepler_node_cpu_active_watts"),
  c("kepler_node_cpu_idle_joules_total"), g("kepler_node_cpu_idle_watts"),
  g("kepler_node_cpu_usage_ratio"), i("kepler_node_cpu_info"),
  c("kepler_container_cpu_joules_total"), g("kepler_container_cpu_watts"),
  c("kepler_pod_cpu_joules_total"), g("kepler_pod_cpu_watts"),
  c("kepler_process_cpu_joules_total"), g("kepler_process_cpu_watts"), c("kepler_process_cpu_seconds_total"),
  c("kepler_vm_cpu_joules_total"), g("kepler_vm_cpu_watts"),
  g("kepler_platform_watts"),
  i("kepler_build_info"),
];

const KUBE_STATE_METRICS: readonly MetricDef[] = [
  i("kube_node_info"), g("kube_node_status_condition"), g("kube_node_status_capacity"), g("kube_node_status_allocatable"),
  g("kube_node_spec_unschedulable"), g("kube_node_spec_taint"), i("kube_node_labels"), g("kube_node_created"), i("kube_node_role"),
  i("kube_namespace_labels"), g("kube_namespace_status_phase"), g("kube_namespace_created"),
  i("kube_pod_info"), g("kube_pod_status_phase"), g("kube_pod_status_ready"), g("kube_pod_status_reason"), g("kube_pod_status_scheduled"),
  g("kube_pod_owner"), i("kube_pod_labels"), g("kube_pod_start_time"), g("kube_pod_created"), g("kube_pod_deletion_timestamp"),
  i("kube_pod_container_info"), c("kube_pod_container_status_restarts_total"), g("kube_pod_container_status_waiting"),
  g("kube_pod_container_status_waiting_reason"), g("kube_pod_container_status_running"), g("kube_pod_container_status_ready"),
  g("kube_pod_container_status_terminated"), g("kube_pod_container_status_terminated_reason"),
  g("kube_pod_container_status_last_terminated_reason"), g("kube_pod_container_status_last_terminated_exitcode"),
  g("kube_pod_container_resource_requests"), g("kube_pod_container_resource_limits"),
  g("kube_pod_init_container_status_restarts_total"), g("kube_pod_init_container_status_waiting_reason"),
  g("kube_deployment_spec_replicas"), g("kube_deployment_status_replicas"), g("kube_deployment_status_replicas_available"),
  g("kube_deployment_status_replicas_unavailable"), g("kube_deployment_status_replicas_updated"), g("kube_deployment_status_replicas_ready"),
  g("kube_deployment_status_observed_generation"), g("kube_deployment_metadata_generation"), g("kube_deployment_status_condition"),
  g("kube_deployment_spec_paused"),
  g("kube_statefulset_replicas"), g("kube_statefulset_status_replicas"), g("kube_statefulset_status_replicas_ready"),
  g("kube_statefulset_status_replicas_current"), g("kube_statefulset_status_replicas_updated"),
  g("kube_statefulset_status_replicas_available"), g("kube_statefulset_status_current_revision"),
  g("kube_statefulset_status_update_revision"), g("kube_statefulset_status_observed_generation"), g("kube_statefulset_metadata_generation"),
  g("kube_daemonset_status_desired_number_scheduled"), g("kube_daemonset_status_current_number_scheduled"),
  g("kube_daemonset_status_number_ready"), g("kube_daemonset_status_number_available"), g("kube_daemonset_status_number_unavailable"),
  g("kube_daemonset_status_number_misscheduled"), g("kube_daemonset_status_updated_number_scheduled"),
  g("kube_daemonset_status_observed_generation"), g("kube_daemonset_metadata_generation"),
  g("kube_replicaset_owner"), g("kube_replicaset_spec_replicas"), g("kube_replicaset_status_ready_replicas"),
  g("kube_job_status_active"), g("kube_job_status_failed"), g("kube_job_status_succeeded"), g("kube_job_failed"), g("kube_job_complete"),
  g("kube_job_spec_completions"), g("kube_job_owner"), g("kube_job_status_start_time"), g("kube_job_status_completion_time"),
  i("kube_cronjob_info"), g("kube_cronjob_next_schedule_time"), g("kube_cronjob_status_last_schedule_time"), g("kube_cronjob_spec_suspend"),
  i("kube_persistentvolumeclaim_info"), g("kube_persistentvolumeclaim_status_phase"), g("kube_persistentvolumeclaim_access_mode"),
  g("kube_persistentvolumeclaim_resource_requests_storage_bytes"), i("kube_persistentvolumeclaim_labels"),
  i("kube_persistentvolume_info"), g("kube_persistentvolume_status_phase"), g("kube_persistentvolume_capacity_bytes"),
  g("kube_persistentvolume_claim_ref"),
  g("kube_horizontalpodautoscaler_spec_min_replicas"), g("kube_horizontalpodautoscaler_spec_max_replicas"),
  g("kube_horizontalpodautoscaler_status_current_replicas"), g("kube_horizontalpodautoscaler_status_desired_replicas"),
  g("kube_horizontalpodautoscaler_status_condition"),
  g("kube_poddisruptionbudget_status_current_healthy"), g("kube_poddisruptionbudget_status_desired_healthy"),
  g("kube_poddisruptionbudget_status_expected_pods"),
  g("kube_resourcequota"), i("kube_service_info"), i("kube_endpoint_address"), i("kube_ingress_info"), i("kube_configmap_info"),
  i("kube_secret_info"), i("kube_storageclass_info"), g("kube_lease_owner"),
  i("kube_state_metrics_build_info"), c("kube_state_metrics_list_total"), c("kube_state_metrics_watch_total"),
  g("kube_state_metrics_shard_ordinal"), g("kube_state_metrics_total_shards"),
  // Custom resource state (src/flux-metrics): every Flux object, labels name, exported_namespace, ready, suspended, revision, ...
  i("gotk_resource_info"),
];

const KUBELET_METRICS: readonly MetricDef[] = [
  g("kubelet_volume_stats_used_bytes"), g("kubelet_volume_stats_capacity_bytes"), g("kubelet_volume_stats_available_bytes"),
  g("kubelet_volume_stats_inodes"), g("kubelet_volume_stats_inodes_used"), g("kubelet_volume_stats_inodes_free"),
  g("kubelet_volume_stats_health_status_abnormal"),
  g("kubelet_running_pods"), g("kubelet_running_containers"), g("kubelet_node_name"), g("kubelet_node_config_error"),
  h("kubelet_pod_start_duration_seconds"), h("kubelet_pod_worker_duration_seconds"), h("kubelet_pleg_relist_duration_seconds"),
  h("kubelet_pleg_relist_interval_seconds"), h("kubelet_cgroup_manager_duration_seconds"), h("kubelet_runtime_operations_duration_seconds"),
  c("kubelet_runtime_operations_total"), c("kubelet_runtime_operations_errors_total"), c("kubelet_evictions"),
  g("kubelet_certificate_manager_client_ttl_seconds"), g("kubelet_certificate_manager_client_expiration_renew_errors"),
  g("kubelet_certificate_manager_server_ttl_seconds"), c("kubelet_server_expiration_renew_errors"),
  h("storage_operation_duration_seconds"), g("volume_manager_total_volumes"), c("prober_probe_total"),
];

const CADVISOR_METRICS: readonly MetricDef[] = [
  c("container_cpu_usage_seconds_total"), c("container_cpu_user_seconds_total"), c("container_cpu_system_seconds_total"),
  c("container_cpu_cfs_periods_total"), c("container_cpu_cfs_throttled_periods_total"), c("container_cpu_cfs_throttled_seconds_total"),
  g("container_memory_working_set_bytes"), g("container_memory_rss"), g("container_memory_cache"), g("container_memory_usage_bytes"),
  g("container_memory_swap"), c("container_memory_failcnt"), g("container_memory_max_usage_bytes"), c("container_oom_events_total"),
  c("container_network_receive_bytes_total"), c("container_network_transmit_bytes_total"), c("container_network_receive_packets_total"),
  c("container_network_transmit_packets_total"), c("container_network_receive_packets_dropped_total"),
  c("container_network_transmit_packets_dropped_total"), c("container_network_receive_errors_total"), c("container_network_transmit_errors_total"),
  c("container_fs_reads_bytes_total"), c("container_fs_writes_bytes_total"), c("container_fs_reads_total"), c("container_fs_writes_total"),
  g("container_fs_usage_bytes"), g("container_fs_limit_bytes"),
  g("container_spec_cpu_quota"), g("container_spec_cpu_period"), g("container_spec_cpu_shares"), g("container_spec_memory_limit_bytes"),
  g("container_last_seen"), g("container_start_time_seconds"), g("container_threads"), g("container_processes"),
  g("container_file_descriptors"), g("container_sockets"), g("machine_cpu_cores"), g("machine_memory_bytes"),
];

const APISERVER_METRICS: readonly MetricDef[] = [
  c("apiserver_request_total"), h("apiserver_request_duration_seconds"), h("apiserver_request_sli_duration_seconds"),
  g("apiserver_current_inflight_requests"), g("apiserver_longrunning_requests"), h("apiserver_response_sizes"),
  h("apiserver_client_certificate_expiration_seconds"), g("apiserver_storage_objects"), g("apiserver_storage_size_bytes"),
  h("apiserver_admission_controller_admission_duration_seconds"), h("apiserver_admission_webhook_admission_duration_seconds"),
  c("apiserver_admission_webhook_rejection_count"), c("apiserver_audit_event_total"), c("apiserver_request_terminations_total"),
  g("aggregator_unavailable_apiservice"), c("aggregator_unavailable_apiservice_total"), h("etcd_request_duration_seconds"),
  i("kubernetes_build_info"),
];

const PROMETHEUS_METRICS: readonly MetricDef[] = [
  i("prometheus_build_info"), g("prometheus_ready"), g("prometheus_config_last_reload_successful"),
  g("prometheus_config_last_reload_success_timestamp_seconds"),
  g("prometheus_tsdb_head_series"), c("prometheus_tsdb_head_series_created_total"), c("prometheus_tsdb_head_series_removed_total"),
  c("prometheus_tsdb_head_samples_appended_total"), g("prometheus_tsdb_head_chunks"), g("prometheus_tsdb_head_active_appenders"),
  g("prometheus_tsdb_head_min_time"), g("prometheus_tsdb_head_max_time"), g("prometheus_tsdb_lowest_timestamp_seconds"),
  g("prometheus_tsdb_storage_blocks_bytes"), g("prometheus_tsdb_wal_storage_size_bytes"), g("prometheus_tsdb_head_chunks_storage_size_bytes"),
  g("prometheus_tsdb_retention_limit_bytes"), g("prometheus_tsdb_retention_limit_seconds"),
  c("prometheus_tsdb_size_retentions_total"), c("prometheus_tsdb_time_retentions_total"), g("prometheus_tsdb_blocks_loaded"),
  c("prometheus_tsdb_compactions_total"), c("prometheus_tsdb_compactions_failed_total"), h("prometheus_tsdb_compaction_duration_seconds"),
  c("prometheus_tsdb_reloads_total"), c("prometheus_tsdb_reloads_failures_total"), c("prometheus_tsdb_head_truncations_failed_total"),
  c("prometheus_tsdb_wal_corruptions_total"), c("prometheus_tsdb_wal_truncations_failed_total"), c("prometheus_tsdb_wal_writes_failed_total"),
  c("prometheus_tsdb_out_of_order_samples_total"), c("prometheus_tsdb_out_of_bound_samples_total"),
  c("prometheus_target_scrapes_exceeded_sample_limit_total"), c("prometheus_target_scrapes_sample_duplicate_timestamp_total"),
  c("prometheus_target_scrapes_sample_out_of_bounds_total"), c("prometheus_target_scrapes_sample_out_of_order_total"),
  c("prometheus_target_scrapes_exceeded_body_size_limit_total"), g("prometheus_target_scrape_pool_targets"),
  c("prometheus_target_scrape_pools_failed_total"), s("prometheus_target_interval_length_seconds"), s("prometheus_target_sync_length_seconds"),
  g("prometheus_target_metadata_cache_entries"), g("prometheus_sd_discovered_targets"), c("prometheus_sd_kubernetes_events_total"),
  g("prometheus_sd_failed_configs"), c("prometheus_sd_kubernetes_failures_total"), c("prometheus_sd_refresh_failures_total"),
  c("prometheus_target_scrape_pool_exceeded_label_limits_total"), c("prometheus_target_scrape_pool_exceeded_target_limit_total"),
  c("prometheus_target_sync_failed_total"),
  // Remote write (the chart's PrometheusRemote* rules; the stack's Prometheus does not remote-write, they stay quiet).
  // The chart queries the pre-v2.27 names (failed/succeeded_samples) or the current ones, whichever exists.
  c("prometheus_remote_storage_failed_samples_total"), c("prometheus_remote_storage_succeeded_samples_total"),
  g("prometheus_remote_storage_queue_highest_timestamp_seconds"),
  // The config-reloader sidecar of Prometheus and Alertmanager (the chart's config-reloaders group).
  g("reloader_last_reload_successful"),
  c("prometheus_notifications_sent_total"), c("prometheus_notifications_errors_total"), c("prometheus_notifications_dropped_total"),
  g("prometheus_notifications_queue_length"), g("prometheus_notifications_queue_capacity"), g("prometheus_notifications_alertmanagers_discovered"),
  c("prometheus_rule_evaluations_total"), c("prometheus_rule_evaluation_failures_total"), c("prometheus_rule_group_iterations_missed_total"),
  c("prometheus_rule_group_iterations_total"), g("prometheus_rule_group_last_duration_seconds"), g("prometheus_rule_group_interval_seconds"),
  g("prometheus_rule_group_rules"), g("prometheus_rule_group_last_evaluation_timestamp_seconds"), s("prometheus_rule_evaluation_duration_seconds"),
  s("prometheus_engine_query_duration_seconds"), g("prometheus_engine_queries"), g("prometheus_engine_queries_concurrent_max"),
  // Also the remote-write receiver's view: handler="/api/v1/write" (Alloy writes to every replica).
  c("prometheus_http_requests_total"), h("prometheus_http_request_duration_seconds"), h("prometheus_http_response_size_bytes"),
];

/** Series every scrape produces (Prometheus' own scrapes and Alloy's, which remote-writes them). */
const SCRAPE_METRICS: readonly MetricDef[] = [
  g("up"), g("scrape_duration_seconds"), g("scrape_samples_scraped"), g("scrape_samples_post_metric_relabeling"), g("scrape_series_added"),
  // Synthetic series of the rule manager.
  g("ALERTS"), g("ALERTS_FOR_STATE"),
];

const PROMETHEUS_OPERATOR_METRICS: readonly MetricDef[] = [
  i("prometheus_operator_build_info"), c("prometheus_operator_reconcile_errors_total"), c("prometheus_operator_reconcile_operations_total"),
  c("prometheus_operator_syncs"), c("prometheus_operator_list_operations_total"), c("prometheus_operator_list_operations_failed_total"),
  c("prometheus_operator_watch_operations_total"), c("prometheus_operator_watch_operations_failed_total"), g("prometheus_operator_managed_resources"),
  c("prometheus_operator_node_address_lookup_errors_total"), g("prometheus_operator_ready"),
  c("prometheus_operator_status_update_errors_total"), c("prometheus_operator_status_update_operations_total"),
];

const ALERTMANAGER_METRICS: readonly MetricDef[] = [
  i("alertmanager_build_info"), g("alertmanager_alerts"), c("alertmanager_alerts_received_total"), c("alertmanager_alerts_invalid_total"),
  c("alertmanager_notifications_total"), c("alertmanager_notifications_failed_total"), h("alertmanager_notification_latency_seconds"),
  c("alertmanager_notification_requests_total"), c("alertmanager_notification_requests_failed_total"),
  g("alertmanager_config_last_reload_successful"), g("alertmanager_config_last_reload_success_timestamp_seconds"), g("alertmanager_config_hash"),
  g("alertmanager_cluster_enabled"), g("alertmanager_cluster_members"), g("alertmanager_cluster_failed_peers"), g("alertmanager_cluster_health_score"),
  g("alertmanager_silences"), g("alertmanager_dispatcher_aggregation_groups"), c("alertmanager_nflog_gossip_messages_propagated_total"),
];

const LOKI_METRICS: readonly MetricDef[] = [
  i("loki_build_info"), c("loki_distributor_lines_received_total"), c("loki_distributor_bytes_received_total"),
  c("loki_distributor_structured_metadata_bytes_received_total"), c("loki_discarded_samples_total"), c("loki_discarded_bytes_total"),
  g("loki_ingester_memory_streams"), g("loki_ingester_memory_chunks"), c("loki_ingester_chunks_flushed_total"),
  c("loki_ingester_streams_created_total"), c("loki_ingester_streams_removed_total"), c("loki_ingester_wal_disk_full_failures_total"),
  c("loki_ingester_wal_corruptions_total"), h("loki_request_duration_seconds"), c("loki_panic_total"), c("loki_internal_log_messages_total"),
  g("loki_compactor_apply_retention_last_successful_run_timestamp_seconds"), c("loki_compactor_apply_retention_operation_total"),
  h("loki_ingester_chunk_utilization"),
  // Compactor (pkg/compactor/metrics.go @ v3.7.6): the boltdb_shipper namespace is kept for the TSDB index too.
  g("loki_compactor_apply_retention_operation_duration_seconds"), g("loki_boltdb_shipper_compact_tables_operation_duration_seconds"),
  g("loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds"),
];

/** Alloy's own metrics, including its loki.write and prometheus.remote_write clients (job="alloy"). */
const ALLOY_METRICS: readonly MetricDef[] = [
  i("alloy_build_info"), g("alloy_component_controller_running_components"), g("alloy_component_controller_evaluating"),
  h("alloy_component_evaluation_seconds"), h("alloy_component_dependencies_wait_seconds"), g("alloy_component_evaluation_queue_size"),
  g("alloy_config_hash"), g("alloy_config_last_load_successful"), c("alloy_config_load_failures_total"),
  c("alloy_resources_process_cpu_seconds_total"), g("alloy_resources_process_resident_memory_bytes"),
  c("alloy_resources_machine_rx_bytes_total"), c("alloy_resources_machine_tx_bytes_total"),
  c("loki_write_sent_entries_total"), c("loki_write_dropped_entries_total"), c("loki_write_sent_bytes_total"),
  c("loki_write_dropped_bytes_total"), c("loki_write_encoded_bytes_total"), c("loki_write_batch_retries_total"),
  h("loki_write_request_duration_seconds"), c("loki_write_mutated_entries_total"), c("loki_write_mutated_bytes_total"),
  c("loki_source_file_read_bytes_total"), g("loki_source_file_file_bytes_total"), g("loki_source_file_files_active_total"),
  c("loki_process_dropped_lines_total"),
  // internal/component/loki/source/{file,journal}/metrics.go @ v1.18.1
  c("loki_source_file_read_lines_total"), c("loki_source_journal_target_lines_total"),
  c("prometheus_remote_storage_samples_total"), c("prometheus_remote_storage_samples_failed_total"),
  c("prometheus_remote_storage_samples_retried_total"), c("prometheus_remote_storage_samples_dropped_total"),
  g("prometheus_remote_storage_samples_pending"), c("prometheus_remote_storage_samples_in_total"), c("prometheus_remote_storage_bytes_total"),
  c("prometheus_remote_storage_enqueue_retries_total"), g("prometheus_remote_storage_highest_timestamp_in_seconds"),
  g("prometheus_remote_storage_queue_highest_sent_timestamp_seconds"), g("prometheus_remote_storage_shards"),
  g("prometheus_remote_storage_shards_desired"), g("prometheus_remote_storage_shards_max"), g("prometheus_remote_storage_shards_min"),
  h("prometheus_remote_storage_sent_batch_duration_seconds"),
  c("prometheus_remote_write_wal_samples_appended_total"), g("prometheus_remote_write_wal_storage_active_series"),
];

const MINIO_METRICS: readonly MetricDef[] = [
  g("minio_cluster_capacity_usable_total_bytes"), g("minio_cluster_capacity_usable_free_bytes"), g("minio_cluster_capacity_raw_total_bytes"),
  g("minio_cluster_capacity_raw_free_bytes"), g("minio_cluster_usage_total_bytes"), g("minio_cluster_health_status"),
  g("minio_cluster_nodes_online_total"), g("minio_cluster_nodes_offline_total"), g("minio_cluster_drive_online_total"),
  g("minio_cluster_drive_offline_total"), g("minio_bucket_usage_total_bytes"), g("minio_bucket_usage_object_total"),
  c("minio_s3_requests_total"), c("minio_s3_requests_errors_total"), c("minio_s3_requests_4xx_errors_total"), c("minio_s3_requests_5xx_errors_total"),
  c("minio_s3_traffic_received_bytes"), c("minio_s3_traffic_sent_bytes"),
  g("minio_node_disk_used_bytes"), g("minio_node_disk_free_bytes"), g("minio_node_disk_total_bytes"),
];

/** Flux controllers (PodMonitor): labels kind, name, exported_namespace (the object's namespace) and controller-runtime's. */
const FLUX_CONTROLLER_METRICS: readonly MetricDef[] = [
  h("gotk_reconcile_duration_seconds"), c("gotk_cache_events_total"),
  c("controller_runtime_reconcile_total"), c("controller_runtime_reconcile_errors_total"),
  c("controller_runtime_terminal_reconcile_errors_total"), c("controller_runtime_reconcile_panics_total"),
  h("controller_runtime_reconcile_time_seconds"), g("controller_runtime_active_workers"), g("controller_runtime_max_concurrent_reconciles"),
  g("workqueue_depth"), c("workqueue_adds_total"), c("workqueue_retries_total"), h("workqueue_queue_duration_seconds"),
  h("workqueue_work_duration_seconds"), g("workqueue_unfinished_work_seconds"), g("workqueue_longest_running_processor_seconds"),
  c("rest_client_requests_total"), h("rest_client_request_duration_seconds"),
];

/** Go and process collectors most exporters include. */
const GO_RUNTIME_METRICS: readonly MetricDef[] = [
  i("go_info"), g("go_goroutines"), g("go_threads"), s("go_gc_duration_seconds"), g("go_memstats_alloc_bytes"),
  g("go_memstats_heap_inuse_bytes"), g("go_memstats_heap_alloc_bytes"), g("go_memstats_sys_bytes"), c("go_memstats_alloc_bytes_total"),
  c("process_cpu_seconds_total"), g("process_resident_memory_bytes"), g("process_virtual_memory_bytes"), g("process_open_fds"),
  g("process_max_fds"), g("process_start_time_seconds"),
];

export const CATALOG: Readonly<Record<MetricSource, readonly MetricDef[]>> = {
  "node-exporter": NODE_EXPORTER_METRICS,
  kepler: KEPLER_METRICS,
  "kube-state-metrics": KUBE_STATE_METRICS,
  kubelet: KUBELET_METRICS,
  cadvisor: CADVISOR_METRICS,
  apiserver: APISERVER_METRICS,
  prometheus: PROMETHEUS_METRICS,
  "prometheus-operator": PROMETHEUS_OPERATOR_METRICS,
  scrape: SCRAPE_METRICS,
  alertmanager: ALERTMANAGER_METRICS,
  loki: LOKI_METRICS,
  alloy: ALLOY_METRICS,
  minio: MINIO_METRICS,
  "flux-controllers": FLUX_CONTROLLER_METRICS,
  "go-runtime": GO_RUNTIME_METRICS,
};

/** Sources whose series reach Prometheus through Alloy's remote write rather than a Prometheus scrape. */
export const REMOTE_WRITTEN_SOURCES: readonly MetricSource[] = ["node-exporter", "kepler", "alloy", "scrape"];

/** The series names a family is stored as. */
export function seriesNames(m: MetricDef): string[] {
  switch (m.kind) {
    case "histogram":
      return [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`];
    case "summary":
      return [m.name, `${m.name}_sum`, `${m.name}_count`];
    default:
      return [m.name];
  }
}

let index: Map<string, { source: MetricSource; family: MetricDef }> | undefined;
function seriesIndex(): Map<string, { source: MetricSource; family: MetricDef }> {
  if (index === undefined) {
    index = new Map();
    for (const [source, defs] of Object.entries(CATALOG) as [MetricSource, readonly MetricDef[]][]) {
      for (const family of defs) for (const n of seriesNames(family)) if (!index.has(n)) index.set(n, { source, family });
    }
  }
  return index;
}

/** Every stored series name of the catalog. */
export function knownMetricNames(): Set<string> {
  return new Set(seriesIndex().keys());
}

/** The source and family a stored series name belongs to (undefined when the catalog does not know it). */
export function lookupMetric(series: string): { source: MetricSource; family: MetricDef } | undefined {
  return seriesIndex().get(series);
}
