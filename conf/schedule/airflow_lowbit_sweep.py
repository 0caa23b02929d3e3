"""Airflow DAG: the quickstart sweep on a Spark cluster, then its report queried with Spark SQL.

Rerunning a task is safe: finished cells are skipped and the sweep's lock refuses a second writer
(exit code 2). Build the jar first: mvn -B -DskipTests package (jobs/target/lowbit-spark-submit.jar).
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/lowbit/cli/target/lowbit-spark-submit.jar"
OPENS = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
SPARK_CONF = {
    "spark.driver.extraJavaOptions": OPENS,
    "spark.executor.extraJavaOptions": OPENS,
    "spark.executorEnv.OMP_NUM_THREADS": "1",
}

with DAG(
    dag_id="lowbit_quickstart_sweep",
    start_date=datetime(2026, 11, 1),
    schedule="30 1 * * *",
    catchup=False,
    max_active_runs=1,
) as dag:
    sweep = SparkSubmitOperator(
        task_id="sweep",
        application=JAR,
        java_class="lowbit.cli.LowbitCli",
        conf=SPARK_CONF,
        application_args=[
            "sweep", "--conf", "/opt/lowbit/conf/sweeps/quickstart.conf",
            "--output", "/results/quickstart",
        ],
        retries=2,
    )
    summary = SparkSubmitOperator(
        task_id="summary",
        application=JAR,
        java_class="lowbit.cli.LowbitCli",
        conf=SPARK_CONF,
        application_args=[
            "sql", "--sweep", "/results/quickstart",
            "SELECT method, bits, avg(accuracy) AS accuracy, avg(packed_bytes) AS packed_bytes "
            "FROM cells WHERE status = 'ok' GROUP BY method, bits ORDER BY method, bits",
        ],
    )
    sweep >> summary
