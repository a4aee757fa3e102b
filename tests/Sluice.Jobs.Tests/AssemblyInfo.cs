// The engine tests start real engine, trainer and Slurm processes and kill and restart engines; run side by side on
// two cores they starved each other's timing windows (a re-attach or an early stop that must happen while a job is
// still running), so the classes of this project run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
