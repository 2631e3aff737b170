import { SignIn } from '../components/SignIn';
import { ThemeToggle } from '../components/ThemeToggle';

export default function Home() {
  return (
    <>
      <header className="topbar">
        <span className="brand">MegiLance Copilot</span>
        <ThemeToggle />
      </header>
      <main id="main">
        <SignIn />
      </main>
    </>
  );
}
