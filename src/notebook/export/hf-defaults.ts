// transformers.TrainingArguments' defaults (v4.46+), for the `py` export: besides the fields the notebook
// sets, it writes one only when the run's value differs from what transformers would use anyway.
// Kept here rather than taken from the engine's own defaults because the Python side is the reference.
export const HF_TRAINING_DEFAULTS: Readonly<Record<string, unknown>> = {
  output_dir: "trainer_output",
  eval_strategy: "no",
  eval_steps: null,
  learning_rate: 5e-5,
  num_train_epochs: 3,
  max_steps: -1,
  per_device_train_batch_size: 8,
  per_device_eval_batch_size: 8,
  gradient_accumulation_steps: 1,
  weight_decay: 0,
  adam_beta1: 0.9,
  adam_beta2: 0.999,
  adam_epsilon: 1e-8,
  max_grad_norm: 1,
  lr_scheduler_type: "linear",
  warmup_steps: 0,
  warmup_ratio: 0,
  logging_strategy: "steps",
  logging_steps: 500,
  logging_first_step: false,
  save_strategy: "steps",
  save_steps: 500,
  save_total_limit: null,
  seed: 42,
  push_to_hub: false,
  hub_model_id: null,
  hub_private_repo: false,
};

/**
 * Engine fields that are not TrainingArguments arguments in transformers: the token is never
 * written into a script; the Hub URL becomes HF_ENDPOINT; resuming is an argument of train().
 */
export const NOT_HF_ARGUMENTS = new Set(["hub_token", "hub_url", "resume_from_checkpoint"]);

/** RobertaConfig keys of config.json that are bookkeeping, not constructor arguments. */
export const CONFIG_BOOKKEEPING = new Set(["architectures", "model_type", "torch_dtype", "transformers_version"]);
